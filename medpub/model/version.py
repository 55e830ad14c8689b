"""medpub's version, in one place: the package metadata, stamps and PDF producer read it."""

VERSION = "0.1.0"
