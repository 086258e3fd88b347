"""Shared data for the quiz tests (this module holds no tests itself): a small bank with
one question of each type (its quotes verbatim from the course text, so that it
validates), and right and wrong answers to each.
"""

from pathlib import Path

BANK = """\
- id: t-single
  type: single
  prompt: Which domain does paragraph 1.6 treat?
  options: [Politics, Economy, Environment]
  answer: Environment
  explanation: Paragraph 1.6 opens with "In terms of the environment".
  evidence: {paragraph: "1.6", quote: "In terms of the environment"}
  hints: [Read the first words of 1.6., It is the last domain.]
  shuffle: true
  feedback:
    Politics: Politics is the domain of 1.2, "Politically".
    Economy: Economy is the domain of 1.3, "Economically".
    Environment: Right, 1.6 opens "In terms of the environment".

- id: t-multiple
  type: multiple
  prompt: Which pairs does 1.2 list?
  options: [big or small, strong or weak, old or new]
  answer: [big or small, strong or weak]
  explanation: The text lists size, power and wealth.
  evidence: {paragraph: "1.2", quote: "whether big or small, strong or weak, rich or poor"}
  feedback:
    big or small: Right, the list opens with size.
    strong or weak: Right, power is the second pair.
    old or new: The text never contrasts countries by age.

- id: t-true-false
  type: true-false
  prompt: The introduction is one paragraph.
  answer: true
  explanation: It has the id 0.1.
  evidence: {paragraph: "0.1", quote: "As a member of the international community"}
  feedback:
    true: Right, it is paragraph 0.1.
    false: Only one paragraph comes before the first heading.

- id: t-text
  type: text
  prompt: Which adjective does 1.2 give the UN's role?
  answer: [core, "the core"]
  explanation: The text says "core role".
  evidence: {paragraph: "1.2", quote: "the UN's core role"}

- id: t-match
  type: match
  prompt: Match each domain to its paragraph.
  pairs:
    - {left: Politics, right: "1.2"}
    - {left: Economy, right: "1.3"}
    - {left: Culture, right: "1.4"}
  explanation: Each paragraph opens with its domain.
  evidence: {paragraph: "1.3", quote: "Economically"}
  feedback:
    Politics: Politics opens 1.2 ("Politically").
    Economy: Economy opens 1.3 ("Economically").
    Culture: Culture opens 1.4 ("Culturally").

- id: t-order
  type: order
  prompt: Put the domains in the text's order.
  items: [Politics, Economy, Culture, Security]
  explanation: 1.2 to 1.5 take them in this order.
  evidence: {paragraph: "1.1", quote: "we should make the following efforts"}
  feedback:
    Politics: Politics comes first, in 1.2.
    Economy: Economy is second, in 1.3.
    Culture: Culture is third, in 1.4.
    Security: Security is last, in 1.5.

- id: t-evidence
  type: evidence
  prompt: "Claim: the text asks that force be neither used nor threatened."
  options: ["1.2", "1.5", "1.6"]
  answer: "1.5"
  explanation: 1.5 ends with that sentence.
  evidence: {paragraph: "1.5", quote: "Use or threat of use of military force should be avoided."}
  feedback:
    "1.2": Paragraph 1.2 is political; force is not mentioned.
    "1.5": Right, 1.5 ends with "Use or threat of use of military force should be avoided."
    "1.6": Paragraph 1.6 is about the environment.
"""

RIGHT = {
    "t-single": "Environment",
    "t-multiple": ["big or small", "strong or weak"],
    "t-true-false": True,
    "t-text": "  CORE! ",
    "t-match": {"Politics": "1.2", "Economy": "1.3", "Culture": "1.4"},
    "t-order": ["Politics", "Economy", "Culture", "Security"],
    "t-evidence": "1.5",
}

WRONG = {
    "t-single": "Economy",
    "t-multiple": ["big or small"],
    "t-true-false": False,
    "t-text": "central",
    "t-match": {"Politics": "1.3", "Economy": "1.2", "Culture": "1.4"},
    "t-order": ["Economy", "Politics", "Culture", "Security"],
    "t-evidence": "1.2",
}

WRONG_2 = {
    "t-single": "Politics",
    "t-multiple": ["old or new"],
    "t-true-false": None,  # only two answers: no second wrong one
    "t-text": "key",
    "t-match": {"Politics": "1.4", "Economy": "1.3", "Culture": "1.2"},
    "t-order": ["Security", "Economy", "Culture", "Politics"],
    "t-evidence": "1.6",
}


def write_bank(folder: Path, name: str = "99-test.yml", text: str = BANK) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load_fixture_bank(tmp_path: Path):
    from closereading.quiz.bank import validate_bank
    return validate_bank(write_bank(tmp_path))
