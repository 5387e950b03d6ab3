"""The quote side: one quote in, a judged QuoteResult out (retrieve, align, decide)."""
