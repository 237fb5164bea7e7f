"""View models: what each page shows, as plain values a test can read without Streamlit."""
