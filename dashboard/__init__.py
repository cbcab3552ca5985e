"""The Streamlit app: thin views over loaders/ and coverage/."""
