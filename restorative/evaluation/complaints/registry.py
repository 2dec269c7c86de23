"""What complaints, compliments and learning add to the rest of the product, registered once
from `EvaluationConfig.ready()`: navigation, the complaint outcome as a learning source, and
the training needs beside the workforce catalogue."""

from __future__ import annotations

from restorative.core import navigation, page_sections

from .. import learning_sources
from ..learning import permissions as learning_permissions
from ..learning import selectors as learning_selectors
from . import permissions, selectors

CATALOGUE_PAGE = "workforce:catalogue"


def register_all() -> None:
    navigation.register(
        "Complaints", "evaluation:complaint_list", permissions.can_list_complaints, 70
    )
    navigation.register(
        "Compliments", "evaluation:compliment_list", permissions.can_list_compliments, 72
    )
    navigation.register(
        "Learning", "evaluation:learning_home", learning_permissions.can_use_learning, 74
    )
    learning_sources.register(
        "complaint",
        "Complaint outcome",
        selectors.complaint_learning_source,
        selectors.complaint_learning_sources,
    )
    page_sections.register(
        CATALOGUE_PAGE,
        "training_needs",
        "evaluation/learning/catalogue_section.html",
        learning_selectors.catalogue_section,
        50,
    )
