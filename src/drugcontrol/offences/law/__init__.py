"""Pure core of the offences domain: the quantity class of a seizure and the article that fits, by date.

No Django here. The quantity thresholds come from the control list (`drugcontrol.listcore.thresholds`), the
articles of the Criminal Code from versioned data shipped with the package (`data/kz_criminal_code.csv`).
Errors are `drugcontrol.errors.InputRefused` with a message code and the field they concern; the shell renders
them in the reader's language.
"""
