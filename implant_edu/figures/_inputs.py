"""The checks every figure makes of what it is handed: one place for all of them."""

from __future__ import annotations

from implant_edu.timeline import ClosureState, Tissue


def check_state(state: object) -> ClosureState:
    """Return ``state`` if it is a :class:`ClosureState`; a clear ``TypeError`` otherwise."""
    if not isinstance(state, ClosureState):
        raise TypeError(
            f"state must be an implant_edu.timeline.ClosureState (from state_at), "
            f"got {type(state).__name__}"
        )
    return state


def check_tissue(tissue: object) -> Tissue:
    """Return ``tissue``, or ``Tissue()`` for ``None``; a clear ``TypeError`` otherwise."""
    if tissue is None:
        return Tissue()
    if not isinstance(tissue, Tissue):
        raise TypeError(
            f"tissue must be an implant_edu.timeline.Tissue or None, got {type(tissue).__name__}"
        )
    return tissue
