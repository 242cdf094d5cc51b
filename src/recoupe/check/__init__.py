"""recoupe.check"""
