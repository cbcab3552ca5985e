"""Running the app for many readers: N Streamlit processes behind HAProxy (deploy/run, deploy/cluster.py)."""
