"""Every tracker model, by name: the index Django (and anyone reading) starts from.

`tracker` is one Django app whose areas are sub-packages; each area keeps its models in
its own `models.py`, imported here so the app registry sees them under the `tracker`
label (tables, content types and permissions keep their names).
"""

from tracker.accounts.models import User, UserManager, validate_time_zone
from tracker.commitments.models import CheckIn, Commitment, CommitmentPause, Person
from tracker.data.models import CommitmentReminder, DataSettings, ReminderLog, new_feed_token
from tracker.device.models import (
    ActionTokenUse,
    NotificationSettings,
    OfflineReceipt,
    PushSubscription,
    VapidKey,
)
from tracker.journal.models import (
    Boundary,
    BoundaryTest,
    ListeningNote,
    Reflection,
    SupportCircleMember,
    validate_feelings,
)
from tracker.repairs.models import Repair
from tracker.sharing.models import PersonShare

__all__ = [
    "ActionTokenUse",
    "Boundary",
    "BoundaryTest",
    "CheckIn",
    "Commitment",
    "CommitmentPause",
    "CommitmentReminder",
    "DataSettings",
    "ListeningNote",
    "NotificationSettings",
    "OfflineReceipt",
    "Person",
    "PushSubscription",
    "PersonShare",
    "Reflection",
    "Repair",
    "ReminderLog",
    "SupportCircleMember",
    "User",
    "UserManager",
    "VapidKey",
    "new_feed_token",
    "validate_feelings",
    "validate_time_zone",
]
