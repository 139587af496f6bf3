"""The unified registry of people with drug dependence."""
