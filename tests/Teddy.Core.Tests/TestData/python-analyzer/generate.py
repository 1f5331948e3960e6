# Regenerates this folder's expectations with CPython 3.11 (unicodedata 14.0.0, as the tfidf fixture).
# Run from this folder: python3 generate.py
import json, random, re, sys, unicodedata

assert sys.version_info[:2] == (3, 11) and unicodedata.unidata_version == "14.0.0"
TOKEN = re.compile(r"(?u)\b\w\w+\b")  # sklearn's default token_pattern


def expectation(text):
    lowered = text.lower()  # sklearn's default preprocessor
    return {"lowercased": lowered, "tokens": TOKEN.findall(lowered)}


docs = open("../reference/tfidf/documents.txt", encoding="utf-8").read().split("\n")[:-1]
traps = [int(line.split("\t")[0]) for line in open("../reference/tfidf/unicode_trap_docs.tsv", encoding="utf-8").read().split("\n")[1:] if line]
with open("unicode_trap_tokens.jsonl", "w", encoding="ascii", newline="\n") as out:
    for doc in traps:
        out.write(json.dumps({"doc": doc, **expectation(docs[doc])}) + "\n")

# Random strings over ASCII and the characters where Python and .NET disagree or where the final-sigma
# context rule looks (capital sigma next to cased / case-ignorable characters, astral letters, new Unicode).
random.seed(20240611)
specials = ("\u03a3 \u0130 \u03c3 \u0345 \u00b7 ' \u2019 \u0301 \u00bd \u216b \u2460 \U0001d400 \U0001f9f8 \U00010400 "
            "\uff21 \uff41 \u1e9e \u01c5 \u0387 \u02b0 \u24b6 \u2160 \u1c89 \ua7cb \U00010d50 \U0001171e \u00aa \u200d "
            "\u0300 \u0391 \u03bf \ufb01 \u0149 \u1f88 \u00df \u00a0 \u3000 \u0660 \u0966 \u2040 \u203f").split(" ")
alphabet = [chr(c) for c in range(0x20, 0x7F)] * 3 + specials
with open("random_strings.jsonl", "w", encoding="ascii", newline="\n") as out:
    for _ in range(500):
        text = "".join(random.choice(alphabet) for _ in range(random.randint(0, 40)))
        out.write(json.dumps({"input": text, **expectation(text)}) + "\n")
