"""What the wall display says for a call, as text and as voice-clip tokens.

"Mời công dân có số thứ tự A 0 2 3 đến quầy số 3": the ticket is read
letter by letter and digit by digit (the way staff read it aloud), the
counter as a number. Tokens name the clips of a voice pack (see `CLIP_TEXT`).
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# Letter names as staff read them aloud. G is "gờ", not "giê": in the South "giê" and "dê"
# (D) sound the same, and a citizen must never mistake a G ticket for a D one.
LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "gờ",
    "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ",
    "O": "o", "P": "pê", "Q": "quy", "R": "e rờ", "S": "ét", "T": "tê", "U": "u", "V": "vê",
    "W": "vê kép", "X": "ích", "Y": "i dài", "Z": "dét",
}

# token -> what the clip says; a voice pack has one WAV per token: <token>.wav
CLIP_TEXT: dict[str, str] = {
    "invite": "Mời công dân có số thứ tự",
    "to_counter": "đến quầy số",
    "thanks": "Xin cảm ơn",
    "recall": "Xin nhắc lại",
    "muoi": "mười",      # 10..19
    "muoi_tens": "mươi",  # 20, 30, …
    "mot_tens": "mốt",    # 21, 31, …
    "lam": "lăm",         # 15, 25, …
    "tu_tens": "tư",      # 24, 34, …
    "tram": "trăm",
    "linh": "linh",
    "nghin": "nghìn",
}
CLIP_TEXT.update({f"digit_{d}": word for d, word in enumerate(DIGITS)})
CLIP_TEXT.update({f"letter_{'DD' if k == 'Đ' else k}": v for k, v in LETTERS.items()})


def number_tokens(n: int) -> list[str]:
    """Clip tokens that say `n` (0 ≤ n < 1,000,000) the way it is spoken in Vietnamese."""
    if not 0 <= n < 1_000_000:
        raise ValueError(f"number out of range: {n}")
    if n < 10:
        return [f"digit_{n}"]
    if n < 100:
        tens, unit = divmod(n, 10)
        out = ["muoi"] if tens == 1 else [f"digit_{tens}", "muoi_tens"]
        if unit == 0:
            return out
        if unit == 1 and tens > 1:
            return out + ["mot_tens"]
        if unit == 4 and tens > 1:
            return out + ["tu_tens"]
        if unit == 5:
            return out + ["lam"]
        return out + [f"digit_{unit}"]
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        out = [f"digit_{hundreds}", "tram"]
        if rest == 0:
            return out
        if rest < 10:
            return out + ["linh", f"digit_{rest}"]
        return out + number_tokens(rest)
    thousands, rest = divmod(n, 1000)
    out = number_tokens(thousands) + ["nghin"]
    if rest == 0:
        return out
    if rest < 100:
        return out + ["digit_0", "tram"] + (["linh", f"digit_{rest}"] if rest < 10 else number_tokens(rest))
    return out + number_tokens(rest)


def number_words(n: int) -> str:
    """`n` in Vietnamese words: ``number_words(25) == "hai mươi lăm"``."""
    return " ".join(CLIP_TEXT[t] for t in number_tokens(n))


def code_tokens(code: str) -> list[str]:
    """A ticket code read character by character: "A023" → letter_A, digit_0, digit_2, digit_3."""
    out = []
    for ch in code.upper():
        if ch.isdigit():
            out.append(f"digit_{ch}")
        elif ch == "Đ":
            out.append("letter_DD")
        elif ch in LETTERS:
            out.append(f"letter_{ch}")
    return out


def call_tokens(code: str, counter_number: int, *, recall: bool = False) -> list[str]:
    """Clip tokens for calling ticket `code` to counter `counter_number`."""
    head = ["recall"] if recall else []
    return head + ["invite", *code_tokens(code), "to_counter", *number_tokens(counter_number)]


def call_text(code: str, counter_number: int, *, recall: bool = False) -> str:
    """The call as a sentence: "Mời công dân có số thứ tự A 0 2 3 đến quầy số 3"."""
    spelled = " ".join(ch for ch in code.upper() if not ch.isspace())
    head = CLIP_TEXT["recall"] + ". " if recall else ""
    return f"{head}{CLIP_TEXT['invite']} {spelled} {CLIP_TEXT['to_counter']} {counter_number}"
