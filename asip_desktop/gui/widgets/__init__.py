"""Qt: shared widgets: colours, fonts, paragraphs, answer buttons, PDF preview, clipboard."""
