// Placeholder until implemented; see the matching header.
