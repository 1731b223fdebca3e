"""Outbreak detection: rules, aberration methods, space-time scans and alerts."""
