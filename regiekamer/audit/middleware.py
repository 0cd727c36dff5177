import re

from django.utils import timezone

from .services import new_trace_id

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$")


class TraceMiddleware:
    """Give every request a trace id (taken from a W3C traceparent header when a partner sends one),
    so that all processing-log spans of one request belong together."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = _TRACEPARENT.match(request.headers.get("traceparent", ""))
        trace_id = match.group(1) if match and set(match.group(1)) != {"0"} else new_trace_id()
        request.trace_id = trace_id
        request.started_at = timezone.now()
        return self.get_response(request)
