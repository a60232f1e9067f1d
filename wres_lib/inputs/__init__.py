"""Reading and classifying: tables, params, ethnicity and band maps, the extract loaders."""
