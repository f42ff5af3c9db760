# Types for django-rules (the package ships a py.typed marker but leaves most of its API
# unannotated). Only what KoSI-Lab uses; extend it when the code uses more.
from .permissions import add_perm as add_perm
from .permissions import has_perm as has_perm
from .predicates import Predicate as Predicate
from .predicates import always_allow as always_allow
from .predicates import always_deny as always_deny
from .predicates import is_authenticated as is_authenticated
from .predicates import predicate as predicate
