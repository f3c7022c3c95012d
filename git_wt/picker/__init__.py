"""picker"""
