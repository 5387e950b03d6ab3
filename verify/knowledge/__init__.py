"""What verify knows about publishers, speakers and outlets, as data, with the loaders.

The data files live beside this module: ``speakers.toml`` (the speaker registry),
``outlets.toml`` (news outlets and agencies), ``antonyms.txt`` (opposites that make a changed
word meaning-bearing). :data:`DATA_DIR` is where they are.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
