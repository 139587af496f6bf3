"""A draft amendment to Decree 470 for chosen substances: its content, written as DOCX (python-docx) and PDF."""
