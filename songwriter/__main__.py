from songwriter.cli import main

main()
