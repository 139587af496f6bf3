"""Date and number formats per language (settings.FORMAT_MODULE_PATH), where Django's own do not read right.

Russian: Django writes "1 марта 2024 г.", and a sentence that ends on a date ends "г.."; our dates stand without
"г.". Kazakh: Django has no formats for kk and falls back to English order ("Наурыз 1, 2024"); Kazakh writes the
year first, "2024 ж. 1 наурыз" (CLDR's long date), with the month in lower case (the "alt. month" names are
lower-cased in our kk catalogue).
"""
