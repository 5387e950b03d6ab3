"""Who said it: moved to :mod:`verify.article.quotes` (one module per pass).

Kept for the names other modules import: the outlet gazetteer and the article's people.
"""

from verify.article.quotes.entities import Entities, Entity
from verify.article.quotes.outlets import canonical_outlet, find_outlets, outlet_name, outlets

__all__ = ["Entities", "Entity", "canonical_outlet", "find_outlets", "outlet_name", "outlets"]
