"""Automatic checks for the book's exercises.

Each chapter has a module (``embedlab.checks.ch01``, ...) whose ``check_*``
functions take a reader's answer and report on it:

* **correct**: print a one-line confirmation and return ``True``;
* **not done yet** (the answer is still the stub: ``...``, ``None``, or a
  function that raises :class:`NotImplementedError`): print a reminder and
  return ``False``, so a notebook with unfinished exercises still runs top to
  bottom;
* **wrong**: raise :class:`CheckFailed`, an :class:`AssertionError` whose
  message says what was expected and gives a hint.

Examples
--------
>>> from embedlab.checks import Check
>>> check = Check("ex-demo", hint="the answer is a small prime")
>>> check.run(lambda: 5 == 5)
Correct! (ex-demo)
True
>>> check.run(lambda: (_ for _ in ()).throw(NotImplementedError))
Not done yet (ex-demo): fill in the cell above, then run this one again.
False
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Check", "CheckFailed", "NotDone", "call_answer", "is_stub", "require_function"]


class CheckFailed(AssertionError):
    """A reader's answer is wrong; the message explains why and gives a hint."""


class NotDone(Exception):
    """Raised inside a check when the answer is still the exercise's stub."""


def is_stub(answer: object) -> bool:
    """Whether ``answer`` is an unfinished stub (``...`` or ``None``).

    Examples
    --------
    >>> is_stub(...), is_stub(None), is_stub(0)
    (True, True, False)
    """
    return answer is Ellipsis or answer is None


def require_function(answer: object, name: str) -> Callable[..., object]:
    """Return ``answer`` if it is a function; raise :class:`NotDone` for a stub.

    A non-callable answer raises :class:`AssertionError` naming ``name``, which
    :meth:`Check.run` reports as a wrong answer with the exercise's hint.

    Examples
    --------
    >>> require_function(len, "size")("abc")
    3
    >>> require_function(42, "size")
    Traceback (most recent call last):
    ...
    AssertionError: size should be a function, got int
    """
    if is_stub(answer):
        raise NotDone
    if not callable(answer):
        raise AssertionError(f"{name} should be a function, got {type(answer).__name__}")
    return answer


def call_answer(fn: Callable[..., object], label: str, *args: object) -> object:
    """Call a reader's function; turn a crash into a reason the check can report.

    :class:`NotImplementedError` and :class:`NotDone` pass through (the answer
    is still a stub); any other exception becomes an :class:`AssertionError`
    that says what ``label`` raised.

    Examples
    --------
    >>> call_answer(lambda x: 1 / x, "invert(0)", 0)
    Traceback (most recent call last):
    ...
    AssertionError: invert(0) raised ZeroDivisionError: division by zero
    """
    try:
        return fn(*args)
    except (NotImplementedError, NotDone):
        raise
    except Exception as exc:  # noqa: BLE001 - any crash of the answer is reported
        raise AssertionError(f"{label} raised {type(exc).__name__}: {exc}") from None


@dataclass(frozen=True)
class Check:
    """One exercise's check: its label (as in the book) and the hint shown on failure."""

    label: str
    hint: str

    def run(self, test: Callable[[], bool | None], *, success: str = "") -> bool:
        """Run ``test``; report correct, not done yet, or raise :class:`CheckFailed`.

        ``test`` returns ``True`` (or ``None``) when the answer is right, returns
        ``False`` or raises :class:`AssertionError` with a reason when it is wrong,
        and raises :class:`NotDone` or :class:`NotImplementedError` when the
        answer is still the stub.
        """
        if not callable(test):
            raise TypeError(f"test: expected a callable, got {type(test).__name__}")
        try:
            outcome = test()
        except (NotDone, NotImplementedError):
            print(f"Not done yet ({self.label}): fill in the cell above, then run this one again.")
            return False
        except CheckFailed:
            raise
        except AssertionError as exc:
            reason = str(exc) or "the answer does not match"
            raise CheckFailed(f"Not quite ({self.label}): {reason}. Hint: {self.hint}") from None
        if outcome is False:
            raise CheckFailed(f"Not quite ({self.label}). Hint: {self.hint}")
        print(f"Correct! ({self.label})" + (f" {success}" if success else ""))
        return True
