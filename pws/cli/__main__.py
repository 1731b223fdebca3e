from pws.cli import main

main()
