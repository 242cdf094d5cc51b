"""recoupe.nlp"""
