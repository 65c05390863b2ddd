"""Bank files: reading camt.053 statements and writing pain.008 direct-debit files (ISO 20022)."""
