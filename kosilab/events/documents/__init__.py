"""Documents around an event: attendance certificates (``pdf``), feedback (``feedback``), attendee
exports (``attendees``) and iCalendar files (``calendar``). The views are in ``views/documents.py``.
"""
