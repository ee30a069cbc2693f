"""Oversight of the government (监督): deliberation opinions and their ratings, the supervision plan and
its instruments, work evaluations, statutory reports, major matters, filing review and appointments.

The app is built in areas, each in its own modules (``models/<area>.py``, ``urls_<area>.py``,
``api_<area>.py``, ``registrations_<area>.py``, templates under ``oversight/<area>/``):

* ``opinions`` — deliberation opinions (审议意见, a case kind), their rating rules and rectification items;
* ``plans`` — the yearly supervision plan and its instruments, work and appointee evaluations;
* ``reports`` — the statutory reporting calendar and major matters;
* ``filings`` — filing review of normative documents, and appointments and removals.
"""
