from contextvars import ContextVar

# The IP address of the request being served; None outside a request (commands, tasks).
request_ip: ContextVar[str | None] = ContextVar("request_ip", default=None)
