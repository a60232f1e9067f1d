"""Publishing: notebook runs, staging and atomic commit, manifest, exports."""
