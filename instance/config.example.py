# Copy to instance/config.py and adjust. Environment variables FLASK_* override these.
# SECRET_KEY = "change me: a long random string"  # required outside development
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://thue:secret@127.0.0.1:5432/thue"
