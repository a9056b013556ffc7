"""Outside text a spreadsheet could take for a formula or a value (DESIGN §8), as a Hypothesis
strategy: any text, a dangerous first character after blanks, or a known nasty prefix."""

from __future__ import annotations

from hypothesis import strategies as st

DANGEROUS = ["=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠"]
LEADS = st.sampled_from(["", " ", "   ", "\u3000", "\xa0 "])
NASTY = st.sampled_from(
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","x")',
        "=cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "#N/A",
        "#REF!",
        "_x000D_",
        "_x005F_x0041_",
        "a\r\nb",
        "\x07bell\x00nul\x1bescape",
        "\ufffe\uffff",
        "0012",
        "1e5",
        "TRUE",
    ]
)
TEXT = st.one_of(
    st.text(min_size=1, max_size=80),
    st.builds(lambda lead, d, rest: lead + d + rest, LEADS, st.sampled_from(DANGEROUS), st.text()),
    st.builds(lambda a, b: a + b, NASTY, st.text(max_size=20)),
)
