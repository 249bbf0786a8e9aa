"""Finding the people registered more than once (issue 15): records folded across
scripts (``records``), a Fellegi–Sunter model on Splink and DuckDB (``model``), pairs cut
into clusters (``clusters``), runs and decisions kept (``models``, ``services``)."""
