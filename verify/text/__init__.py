"""Text primitives shared by every side: normalising, tokens, wording keys."""
