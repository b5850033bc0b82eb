"""Small helpers shared by the apps: dates, geography, Danish names, status lifecycles."""
