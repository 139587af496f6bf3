"""The drug-offer classifier: pure core, no Django.

``evidence`` finds what makes a text an offer and says it as codes and parameters (slang mapped to substances,
prices per gram, crypto addresses, shop bots and other handles, phones, cities and districts, dead drops,
courier recruitment); ``model.OfferModel`` is a calibrated scikit-learn classifier over character and word
n-grams plus those evidence counts, with the threshold chosen on a validation split; ``training`` reads
``../shared/data/web`` and trains it reproducibly; ``bulk`` scores a CSV file row by row.
"""
