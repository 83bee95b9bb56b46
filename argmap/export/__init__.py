"""Export without Qt: the options, the title block, the one sheet every image draws (sheet.py) and
the SVG, PDF, HTML and Word writers. Qt draws the sheet for PNG, print, the Word picture and the
clipboard (render/export.py)."""
