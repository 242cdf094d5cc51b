"""recoupe.dedup"""
