"""Legislation (立法): the legislative plans, drafts through their readings, public comment, hearings,
experts and the think tank, approval, the body of law, clean-up and post-legislation evaluation."""
