"""The running case study: Kettle & Co. and ReplyDraft, the AI feature it is shipping.

Kettle & Co. is a fictional online retailer of small kitchen appliances with a 40-person support
team. It is building ReplyDraft, an assistant that uses a large language model to draft replies to
customer e-mails; a support agent reviews, edits and sends each draft.

Every lesson and exercise uses this one company so that the four roles can be seen working on the
same product. All data is invented, small and deterministic: every call returns a fresh copy of the
same values, so a learner who changes what they got back cannot break anything else.

``company`` holds what several lessons share; each other module holds one lesson topic's data.
Every public name is also available here, so lessons and exercises write ``case.team()``.
"""

import importlib
import pkgutil

# Re-export the public names of every module, so a new module needs no edit here.
for _info in pkgutil.iter_modules(__path__):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    for _name in getattr(_module, "__all__", ()):
        globals()[_name] = getattr(_module, _name)
