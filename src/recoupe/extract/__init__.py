"""recoupe.extract"""
