"""implant_edu: teaching models for dental students on implant parts and healing.

Teaching material for students, not advice for a patient's own case.

The model modules are pure (numbers and dataclasses in and out):

* :mod:`implant_edu.parts`: the parts catalogue and treatment phases;
* :mod:`implant_edu.timeline`: the gum-closure teaching model;
* :mod:`implant_edu.triage`: :func:`identify`, "what fell out, what now";
* :mod:`implant_edu.evidence`: evidence grades and sources.
"""

from implant_edu.evidence import Grade, cite, source
from implant_edu.parts import catalogue, part
from implant_edu.timeline import Stage, Tissue, opening_fraction, opening_mm, state_at
from implant_edu.triage import identify

__all__ = [
    "Grade",
    "Stage",
    "Tissue",
    "catalogue",
    "cite",
    "identify",
    "opening_fraction",
    "opening_mm",
    "part",
    "present",
    "source",
    "state_at",
]
__version__ = "0.1.0"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """The prebuilt JupyterLab extension shipped with the package.

    It makes widgets work in jupyterlab_rise slides (its ``remoteEntry.js``
    says how). ``pip install`` puts it in place; an editable install links it
    with ``jupyter-builder develop --overwrite .`` (``make install``).
    """
    return [{"src": "labextension", "dest": "implant-edu-widgets-in-rise"}]


def __getattr__(name: str) -> object:
    # present() pulls in ipywidgets; load it only when asked for, so that the
    # model modules stay importable without the widget stack.
    if name == "present":
        from implant_edu.widgets.projector import present

        return present
    raise AttributeError(f"module 'implant_edu' has no attribute {name!r}")
