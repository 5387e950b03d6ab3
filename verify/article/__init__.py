"""The article side: articles in, quotes and claims extracted, attributed, checked, traced."""
