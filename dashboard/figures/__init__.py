"""Figure functions: DataFrame -> plotly figure, no data access, no Dash. Unit-tested on their own."""
