"""recoupe.runners"""
