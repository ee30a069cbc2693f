"""Task decomposition (任务分解): a notice broken into tasks, each a case on the engine.

A notice (通知) of the party committee or the standing committee lists tasks, each with its lead unit
(牵头单位), its cooperating units (配合单位), a deadline or a recurrence and the expected result. A task
is a case of kind ``task``: assigned to the lead unit with the cooperating units as co-handlers, the
units report progress (text, percent, evidence), the lead unit reports completion for all, the
responsible staff member verifies it (销号) or sends it back, and a recurring task makes its next
occurrence itself when it is closed.
"""
