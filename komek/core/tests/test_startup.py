import gc
import importlib


def test_the_wsgi_application_leaves_what_start_up_loaded_out_of_collections():
    gc.unfreeze()
    try:
        import komek.wsgi

        importlib.reload(komek.wsgi)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
