"""Golden samples: documented messages read through the generated code and written back."""
