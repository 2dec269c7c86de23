"""Every read in governance, already scoped to the person asking; one module per area."""
