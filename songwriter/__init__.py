"""songwriter: a local-first lyric and songwriting assistant.

Data flows as plain function calls: text -> pronunciations -> analysis -> constraints -> generation
-> draft -> lead sheet. Heavy libraries (torch, transformers, music21, gradio) load lazily.
"""

__version__ = "0.1.0"
