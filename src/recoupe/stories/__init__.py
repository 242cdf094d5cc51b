"""recoupe.stories"""
