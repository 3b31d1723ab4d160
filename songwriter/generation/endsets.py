"""Which words may end a line: end sets for decoding (plain Python, no torch).

Instead of planning one end word per line and forcing it, each line gets a *set* of allowed end words
and the model picks the one that fits its own sentence (decode.sample_line_set). The sets come from the
tokenizer's whole-word tokens that are common and counted confidently:

- the first line of a rhyme letter: words with a rich family of such perfect rhymes (so later lines
  of the letter can always rhyme), not on a rhyme sound another letter uses;
- later lines of a letter: perfect rhymes (checked by the prosody engine) of every end word the
  letter already has, never the same word or an identical rhyme, never a word used before;
- ``x`` lines: any common word that can close a sentence.
"""

from dataclasses import dataclass, field

from songwriter.generation import words

END_ZIPF = 3.5  # end words are at least this common (wordfreq zipf); mid-line words use 3.0
# Words that cannot close a line of English (articles, prepositions, auxiliaries, possessives...), and
# archaic or foreign tokens a small model strands at line ends (thou, ye, der).
NOT_AN_ENDING = frozenset("""a an the and or but nor of to in on at by for with from as if than that this
these those is am are was were be been being my your his its our their do does did have has had will
would can could shall should may might must not no i he she we they it's i'm you're we're they're let's
who whom whose which what when where how why into onto upon very just such some every each
thou thee thy ye est der de la le el des du und til thru ur em ya da ok etc vs re ve ll st nd th mr mrs
dr co inc ltd ii iii""".split())


@dataclass
class Vocab:
    """Whole-word end candidates of one tokenizer: syllables and perfect-rhyme families."""

    syllables: dict[str, int]                      # end-eligible word → syllables
    keys: dict[str, frozenset] = field(default_factory=dict)     # word → rhyme keys (one per reading)
    family: dict[str, list[str]] = field(default_factory=dict)   # rhyme key → words

    @classmethod
    def from_words(cls, syllables: dict[str, int]) -> "Vocab":
        """From {word: syllables}; words that cannot end a line are dropped here."""
        keep = {w: s for w, s in syllables.items()
                if w not in NOT_AN_ENDING and len(w) > 1 and s is not None and 1 <= s <= 24}
        vocab = cls(keep)
        for w in keep:
            ks = frozenset(words.rhyme_keys(w))
            vocab.keys[w] = ks
            for k in ks:
                vocab.family.setdefault(k, []).append(w)
        return vocab

    def rhymes(self, anchors: list[str], used: set[str], max_syllables: int,
               slant: bool = False) -> list[str]:
        """End words that rhyme perfectly (or near, with ``slant``) with every anchor, by the prosody
        engine: never an anchor itself, an identical rhyme or a used word."""
        ok = ("perfect", "near") if slant else ("perfect",)
        if slant:
            pool = list(self.syllables)
        else:
            pool = []
            for a in anchors[:1]:
                for k in words.rhyme_keys(a):
                    pool += self.family.get(k, [])
        out = []
        low = [a.lower() for a in anchors]
        for w in dict.fromkeys(pool):
            if w in used or w in low or self.syllables[w] > max_syllables:
                continue
            if all(words.rhyme_kind(a, w) in ok for a in low):
                out.append(w)
        return out

    def first_of_letter(self, need: int, line_syllables: int, partner_syllables: int,
                        avoid_keys: set, used: set[str], margin: int = 6) -> list[str]:
        """End words for the first line of a letter whose ``need`` partner lines (each at most
        ``partner_syllables`` long) must rhyme with it: words with one rhyme reading and at least
        ``need + margin`` common perfect-rhyme family members, none on a sound in ``avoid_keys``."""
        out = []
        for w, s in self.syllables.items():
            ks = self.keys.get(w)
            if w in used or s > line_syllables or not ks or len(ks) != 1 or ks & avoid_keys:
                continue
            if need:
                (k,) = ks
                fam = [v for v in self.family[k]
                       if v != w and v not in used and self.syllables[v] <= partner_syllables]
                if len(fam) < need + margin:
                    continue
            out.append(w)
        return out

    def free(self, line_syllables: int, used: set[str]) -> list[str]:
        """End words for an unrhymed line."""
        return [w for w, s in self.syllables.items() if s <= line_syllables and w not in used]
